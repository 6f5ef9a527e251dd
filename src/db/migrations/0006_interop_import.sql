CREATE TABLE "interop_entry" (
	"org_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"status" text,
	"date2" text,
	"comment" text,
	"line_statuses" text,
	CONSTRAINT "interop_entry_org_id_entry_id_pk" PRIMARY KEY("org_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "interop_import" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"format" text NOT NULL,
	"content_hash" text NOT NULL,
	"file_name" text,
	"entry_count" integer NOT NULL,
	"line_count" integer NOT NULL,
	"account_count" integer NOT NULL,
	"first_seq" bigint,
	"last_seq" bigint,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_by" text NOT NULL,
	CONSTRAINT "interop_import_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "interop_entry" ADD CONSTRAINT "interop_entry_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interop_entry" ADD CONSTRAINT "interop_entry_entry_fk" FOREIGN KEY ("org_id","entry_id") REFERENCES "public"."journal_entry"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interop_import" ADD CONSTRAINT "interop_import_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "interop_import_content_uq" ON "interop_import" USING btree ("org_id","format","content_hash");