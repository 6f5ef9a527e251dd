CREATE TABLE "customer" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"billing_address" jsonb,
	"shipping_address" jsonb,
	"tax_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"currency" text,
	"payment_terms_days" integer,
	"default_tax_rate_id" text,
	"notes" text,
	"merged_into_id" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "customer_kind_ck" CHECK ("customer"."kind" in ('company', 'person'))
);
--> statement-breakpoint
CREATE TABLE "sales_allocation" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"payment_id" text,
	"credit_note_id" text,
	"date" date NOT NULL,
	"amount" bigint NOT NULL,
	"carrying_base_amount" bigint NOT NULL,
	"settlement_base_amount" bigint NOT NULL,
	"journal_entry_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_allocation_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_allocation_amount_ck" CHECK ("sales_allocation"."amount" > 0),
	CONSTRAINT "sales_allocation_source_ck" CHECK (("sales_allocation"."payment_id" is null) <> ("sales_allocation"."credit_note_id" is null))
);
--> statement-breakpoint
CREATE TABLE "sales_document" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"number" text,
	"customer_id" text NOT NULL,
	"currency" text NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date,
	"payment_terms" text,
	"buyer_reference" text,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"tax_rounding" text DEFAULT 'line' NOT NULL,
	"discount_percent" text,
	"discount_amount" bigint,
	"discount_reason" text,
	"notes" text,
	"terms" text,
	"line_extension_amount" bigint DEFAULT 0 NOT NULL,
	"allowance_total_amount" bigint DEFAULT 0 NOT NULL,
	"tax_exclusive_amount" bigint DEFAULT 0 NOT NULL,
	"tax_amount" bigint DEFAULT 0 NOT NULL,
	"tax_inclusive_amount" bigint DEFAULT 0 NOT NULL,
	"tax_breakdown" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"credited_amount" bigint DEFAULT 0 NOT NULL,
	"base_amount" bigint,
	"exchange_rate" text,
	"buyer" jsonb,
	"journal_entry_id" text,
	"related_document_id" text,
	"issued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_document_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_document_type_ck" CHECK ("sales_document"."type" in ('invoice', 'credit_note', 'quote')),
	CONSTRAINT "sales_document_rounding_ck" CHECK ("sales_document"."tax_rounding" in ('line', 'document'))
);
--> statement-breakpoint
CREATE TABLE "sales_document_line" (
	"org_id" text NOT NULL,
	"document_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"item_id" text,
	"name" text NOT NULL,
	"description" text,
	"quantity" text NOT NULL,
	"unit_code" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"discount_percent" text,
	"discount_amount" bigint,
	"tax_rate_id" text NOT NULL,
	"tax_category" text NOT NULL,
	"tax_percent" text NOT NULL,
	"account_id" text NOT NULL,
	"line_extension_amount" bigint NOT NULL,
	"tax_amount" bigint NOT NULL,
	CONSTRAINT "sales_document_line_org_id_document_id_line_no_pk" PRIMARY KEY("org_id","document_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "sales_item" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"sku" text,
	"kind" text DEFAULT 'service' NOT NULL,
	"description" text,
	"unit_code" text DEFAULT 'C62' NOT NULL,
	"prices" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tax_rate_id" text,
	"income_account_id" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_item_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_item_kind_ck" CHECK ("sales_item"."kind" in ('product', 'service'))
);
--> statement-breakpoint
CREATE TABLE "sales_number_sequence" (
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"last_number" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_number_sequence_org_id_kind_period_pk" PRIMARY KEY("org_id","kind","period")
);
--> statement-breakpoint
CREATE TABLE "sales_payment" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"customer_id" text NOT NULL,
	"date" date NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"exchange_rate" text,
	"base_amount" bigint NOT NULL,
	"account_id" text NOT NULL,
	"reference" text,
	"applied_amount" bigint DEFAULT 0 NOT NULL,
	"refund_of_id" text,
	"carrying_base_amount" bigint,
	"journal_entry_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "sales_payment_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_payment_kind_ck" CHECK ("sales_payment"."kind" in ('payment', 'refund')),
	CONSTRAINT "sales_payment_amount_ck" CHECK ("sales_payment"."amount" > 0 and "sales_payment"."applied_amount" between 0 and "sales_payment"."amount")
);
--> statement-breakpoint
CREATE TABLE "sales_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"tax_rounding" text DEFAULT 'line' NOT NULL,
	"invoice_pattern" text DEFAULT 'INV-{YYYY}-{0000}' NOT NULL,
	"credit_note_pattern" text DEFAULT 'CN-{YYYY}-{0000}' NOT NULL,
	"quote_pattern" text DEFAULT 'QUO-{YYYY}-{0000}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_tax_rate" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"percent" text NOT NULL,
	"exemption_reason_code" text,
	"exemption_reason" text,
	"account_id" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_tax_rate_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_default_tax_fk" FOREIGN KEY ("org_id","default_tax_rate_id") REFERENCES "public"."sales_tax_rate"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_merged_fk" FOREIGN KEY ("org_id","merged_into_id") REFERENCES "public"."customer"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_allocation" ADD CONSTRAINT "sales_allocation_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_allocation" ADD CONSTRAINT "sales_allocation_invoice_fk" FOREIGN KEY ("org_id","invoice_id") REFERENCES "public"."sales_document"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_allocation" ADD CONSTRAINT "sales_allocation_payment_fk" FOREIGN KEY ("org_id","payment_id") REFERENCES "public"."sales_payment"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_allocation" ADD CONSTRAINT "sales_allocation_credit_fk" FOREIGN KEY ("org_id","credit_note_id") REFERENCES "public"."sales_document"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document" ADD CONSTRAINT "sales_document_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document" ADD CONSTRAINT "sales_document_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customer"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document" ADD CONSTRAINT "sales_document_related_fk" FOREIGN KEY ("org_id","related_document_id") REFERENCES "public"."sales_document"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_line" ADD CONSTRAINT "sales_document_line_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_line" ADD CONSTRAINT "sales_document_line_document_fk" FOREIGN KEY ("org_id","document_id") REFERENCES "public"."sales_document"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_line" ADD CONSTRAINT "sales_document_line_tax_fk" FOREIGN KEY ("org_id","tax_rate_id") REFERENCES "public"."sales_tax_rate"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_line" ADD CONSTRAINT "sales_document_line_item_fk" FOREIGN KEY ("org_id","item_id") REFERENCES "public"."sales_item"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_line" ADD CONSTRAINT "sales_document_line_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_item" ADD CONSTRAINT "sales_item_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_item" ADD CONSTRAINT "sales_item_tax_fk" FOREIGN KEY ("org_id","tax_rate_id") REFERENCES "public"."sales_tax_rate"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_item" ADD CONSTRAINT "sales_item_account_fk" FOREIGN KEY ("org_id","income_account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_number_sequence" ADD CONSTRAINT "sales_number_sequence_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payment" ADD CONSTRAINT "sales_payment_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payment" ADD CONSTRAINT "sales_payment_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customer"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payment" ADD CONSTRAINT "sales_payment_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payment" ADD CONSTRAINT "sales_payment_refund_fk" FOREIGN KEY ("org_id","refund_of_id") REFERENCES "public"."sales_payment"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_settings" ADD CONSTRAINT "sales_settings_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_tax_rate" ADD CONSTRAINT "sales_tax_rate_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_tax_rate" ADD CONSTRAINT "sales_tax_rate_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_name_idx" ON "customer" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "sales_allocation_invoice_idx" ON "sales_allocation" USING btree ("org_id","invoice_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_document_number_uq" ON "sales_document" USING btree ("org_id","type","number") WHERE "sales_document"."number" is not null;--> statement-breakpoint
CREATE INDEX "sales_document_customer_idx" ON "sales_document" USING btree ("org_id","customer_id","issue_date");--> statement-breakpoint
CREATE INDEX "sales_document_type_idx" ON "sales_document" USING btree ("org_id","type","issue_date");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_item_sku_uq" ON "sales_item" USING btree ("org_id","sku") WHERE "sales_item"."sku" is not null;--> statement-breakpoint
CREATE INDEX "sales_payment_customer_idx" ON "sales_payment" USING btree ("org_id","customer_id","date");