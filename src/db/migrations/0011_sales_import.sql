CREATE TABLE "sales_import" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"content_hash" text NOT NULL,
	"file_name" text,
	"row_count" integer NOT NULL,
	"created_count" integer NOT NULL,
	"created" jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_by" text NOT NULL,
	CONSTRAINT "sales_import_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_import_kind_ck" CHECK ("sales_import"."kind" in ('customers', 'invoices'))
);
--> statement-breakpoint
CREATE TABLE "sales_import_record" (
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"import_id" text NOT NULL,
	"customer_id" text,
	"document_id" text,
	CONSTRAINT "sales_import_record_org_id_kind_reference_pk" PRIMARY KEY("org_id","kind","reference"),
	CONSTRAINT "sales_import_record_target_ck" CHECK (("sales_import_record"."kind" = 'customers' and "sales_import_record"."customer_id" is not null and "sales_import_record"."document_id" is null) or ("sales_import_record"."kind" = 'invoices' and "sales_import_record"."document_id" is not null and "sales_import_record"."customer_id" is null))
);
--> statement-breakpoint
ALTER TABLE "sales_import" ADD CONSTRAINT "sales_import_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_import_record" ADD CONSTRAINT "sales_import_record_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_import_record" ADD CONSTRAINT "sales_import_record_import_fk" FOREIGN KEY ("org_id","import_id") REFERENCES "public"."sales_import"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_import_record" ADD CONSTRAINT "sales_import_record_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customer"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_import_record" ADD CONSTRAINT "sales_import_record_document_fk" FOREIGN KEY ("org_id","document_id") REFERENCES "public"."sales_document"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sales_import_content_uq" ON "sales_import" USING btree ("org_id","kind","content_hash");