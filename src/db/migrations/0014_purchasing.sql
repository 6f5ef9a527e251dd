CREATE TABLE "bill" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"number" text,
	"vendor_number" text,
	"vendor_id" text NOT NULL,
	"currency" text NOT NULL,
	"bill_date" date NOT NULL,
	"due_date" date,
	"payment_terms" text,
	"reference" text,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"tax_rounding" text DEFAULT 'line' NOT NULL,
	"notes" text,
	"line_extension_amount" bigint DEFAULT 0 NOT NULL,
	"tax_exclusive_amount" bigint DEFAULT 0 NOT NULL,
	"tax_amount" bigint DEFAULT 0 NOT NULL,
	"tax_inclusive_amount" bigint DEFAULT 0 NOT NULL,
	"tax_breakdown" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"credited_amount" bigint DEFAULT 0 NOT NULL,
	"base_amount" bigint,
	"exchange_rate" text,
	"journal_entry_id" text,
	"scheduled_date" date,
	"related_bill_id" text,
	"approval_round" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "bill_type_ck" CHECK ("bill"."type" in ('bill', 'vendor_credit')),
	CONSTRAINT "bill_status_ck" CHECK ("bill"."status" in ('draft', 'awaiting_approval', 'rejected', 'approved', 'scheduled', 'partially_paid', 'paid', 'applied', 'void')),
	CONSTRAINT "bill_rounding_ck" CHECK ("bill"."tax_rounding" in ('line', 'document')),
	CONSTRAINT "bill_settled_ck" CHECK ("bill"."paid_amount" >= 0 and "bill"."credited_amount" >= 0 and "bill"."paid_amount" + "bill"."credited_amount" <= "bill"."tax_inclusive_amount")
);
--> statement-breakpoint
CREATE TABLE "bill_allocation" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"bill_id" text NOT NULL,
	"payment_id" text,
	"credit_id" text,
	"date" date NOT NULL,
	"amount" bigint NOT NULL,
	"carrying_base_amount" bigint NOT NULL,
	"settlement_base_amount" bigint NOT NULL,
	"journal_entry_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_allocation_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "bill_allocation_amount_ck" CHECK ("bill_allocation"."amount" > 0),
	CONSTRAINT "bill_allocation_source_ck" CHECK (("bill_allocation"."payment_id" is null) <> ("bill_allocation"."credit_id" is null))
);
--> statement-breakpoint
CREATE TABLE "bill_approval" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"bill_id" text NOT NULL,
	"decision" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"role" text NOT NULL,
	"comment" text,
	"round" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_approval_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "bill_approval_decision_ck" CHECK ("bill_approval"."decision" in ('approve', 'reject', 'auto_approve'))
);
--> statement-breakpoint
CREATE TABLE "bill_line" (
	"org_id" text NOT NULL,
	"bill_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"item_id" text,
	"name" text NOT NULL,
	"description" text,
	"quantity" text NOT NULL,
	"unit_code" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"discount_amount" bigint,
	"tax_rate_id" text NOT NULL,
	"tax_category" text NOT NULL,
	"tax_percent" text NOT NULL,
	"account_id" text NOT NULL,
	"line_extension_amount" bigint NOT NULL,
	"tax_amount" bigint NOT NULL,
	CONSTRAINT "bill_line_org_id_bill_id_line_no_pk" PRIMARY KEY("org_id","bill_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "bill_payment" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"vendor_id" text NOT NULL,
	"date" date NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"exchange_rate" text,
	"base_amount" bigint NOT NULL,
	"account_id" text NOT NULL,
	"reference" text,
	"journal_entry_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "bill_payment_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "bill_payment_amount_ck" CHECK ("bill_payment"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "purchasing_import" (
	"org_id" text NOT NULL,
	"reference" text NOT NULL,
	"content_hash" text NOT NULL,
	"bill_id" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_by" text NOT NULL,
	CONSTRAINT "purchasing_import_org_id_reference_pk" PRIMARY KEY("org_id","reference")
);
--> statement-breakpoint
CREATE TABLE "purchasing_number_sequence" (
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"last_number" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "purchasing_number_sequence_org_id_kind_period_pk" PRIMARY KEY("org_id","kind","period")
);
--> statement-breakpoint
CREATE TABLE "purchasing_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"approval_rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"bill_pattern" text DEFAULT 'BILL-{YYYY}-{0000}' NOT NULL,
	"vendor_credit_pattern" text DEFAULT 'VC-{YYYY}-{0000}' NOT NULL,
	"input_tax_account_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text DEFAULT 'company' NOT NULL,
	"name" text NOT NULL,
	"legal_name" text,
	"email" text,
	"phone" text,
	"website" text,
	"address" jsonb,
	"tax_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"currency" text,
	"payment_terms_days" integer,
	"default_expense_account_id" text,
	"default_tax_rate_id" text,
	"bank_account" jsonb,
	"is_contractor" boolean DEFAULT false NOT NULL,
	"notes" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "vendor_kind_ck" CHECK ("vendor"."kind" in ('company', 'person'))
);
--> statement-breakpoint
ALTER TABLE "bill" ADD CONSTRAINT "bill_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill" ADD CONSTRAINT "bill_vendor_fk" FOREIGN KEY ("org_id","vendor_id") REFERENCES "public"."vendor"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill" ADD CONSTRAINT "bill_related_fk" FOREIGN KEY ("org_id","related_bill_id") REFERENCES "public"."bill"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_allocation" ADD CONSTRAINT "bill_allocation_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_allocation" ADD CONSTRAINT "bill_allocation_bill_fk" FOREIGN KEY ("org_id","bill_id") REFERENCES "public"."bill"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_allocation" ADD CONSTRAINT "bill_allocation_payment_fk" FOREIGN KEY ("org_id","payment_id") REFERENCES "public"."bill_payment"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_allocation" ADD CONSTRAINT "bill_allocation_credit_fk" FOREIGN KEY ("org_id","credit_id") REFERENCES "public"."bill"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_approval" ADD CONSTRAINT "bill_approval_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_approval" ADD CONSTRAINT "bill_approval_bill_fk" FOREIGN KEY ("org_id","bill_id") REFERENCES "public"."bill"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_line" ADD CONSTRAINT "bill_line_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_line" ADD CONSTRAINT "bill_line_bill_fk" FOREIGN KEY ("org_id","bill_id") REFERENCES "public"."bill"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_line" ADD CONSTRAINT "bill_line_tax_fk" FOREIGN KEY ("org_id","tax_rate_id") REFERENCES "public"."sales_tax_rate"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_line" ADD CONSTRAINT "bill_line_item_fk" FOREIGN KEY ("org_id","item_id") REFERENCES "public"."sales_item"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_line" ADD CONSTRAINT "bill_line_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payment" ADD CONSTRAINT "bill_payment_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payment" ADD CONSTRAINT "bill_payment_vendor_fk" FOREIGN KEY ("org_id","vendor_id") REFERENCES "public"."vendor"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payment" ADD CONSTRAINT "bill_payment_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_import" ADD CONSTRAINT "purchasing_import_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_import" ADD CONSTRAINT "purchasing_import_bill_fk" FOREIGN KEY ("org_id","bill_id") REFERENCES "public"."bill"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_number_sequence" ADD CONSTRAINT "purchasing_number_sequence_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_settings" ADD CONSTRAINT "purchasing_settings_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor" ADD CONSTRAINT "vendor_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor" ADD CONSTRAINT "vendor_expense_account_fk" FOREIGN KEY ("org_id","default_expense_account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor" ADD CONSTRAINT "vendor_default_tax_fk" FOREIGN KEY ("org_id","default_tax_rate_id") REFERENCES "public"."sales_tax_rate"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bill_vendor_idx" ON "bill" USING btree ("org_id","vendor_id","bill_date");--> statement-breakpoint
CREATE INDEX "bill_status_idx" ON "bill" USING btree ("org_id","type","status","due_date");--> statement-breakpoint
CREATE INDEX "bill_allocation_bill_idx" ON "bill_allocation" USING btree ("org_id","bill_id","date");--> statement-breakpoint
CREATE INDEX "bill_approval_bill_idx" ON "bill_approval" USING btree ("org_id","bill_id","round");--> statement-breakpoint
CREATE INDEX "bill_payment_vendor_idx" ON "bill_payment" USING btree ("org_id","vendor_id","date");--> statement-breakpoint
CREATE INDEX "vendor_name_idx" ON "vendor" USING btree ("org_id","name");