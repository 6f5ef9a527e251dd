CREATE TABLE "exchange_rate" (
	"org_id" text NOT NULL,
	"base" text NOT NULL,
	"quote" text NOT NULL,
	"date" date NOT NULL,
	"rate" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rate_org_id_base_quote_date_pk" PRIMARY KEY("org_id","base","quote","date")
);
--> statement-breakpoint
CREATE TABLE "journal_draft_line" (
	"org_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"account_id" text NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"rate" text,
	"memo" text,
	CONSTRAINT "journal_draft_line_org_id_entry_id_line_no_pk" PRIMARY KEY("org_id","entry_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "journal_entry" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"status" text NOT NULL,
	"kind" text DEFAULT 'standard' NOT NULL,
	"date" date NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"payee" text,
	"code" text,
	"source_type" text,
	"source_id" text,
	"reverses_entry_id" text,
	"seq" bigint,
	"line_count" integer DEFAULT 0 NOT NULL,
	"prev_hash" text,
	"hash" text,
	"posted_at" timestamp with time zone,
	"posted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entry_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "journal_entry_status_ck" CHECK ("journal_entry"."status" in ('draft', 'posted')),
	CONSTRAINT "journal_entry_kind_ck" CHECK ("journal_entry"."kind" in ('standard', 'closing')),
	CONSTRAINT "journal_entry_posted_ck" CHECK ("journal_entry"."status" = 'draft' or ("journal_entry"."seq" is not null and "journal_entry"."hash" is not null and "journal_entry"."prev_hash" is not null and "journal_entry"."posted_at" is not null and "journal_entry"."line_count" >= 2))
);
--> statement-breakpoint
CREATE TABLE "journal_line" (
	"org_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"account_id" text NOT NULL,
	"date" date NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"base_amount" bigint NOT NULL,
	"rate" text NOT NULL,
	"memo" text,
	CONSTRAINT "journal_line_org_id_entry_id_line_no_pk" PRIMARY KEY("org_id","entry_id","line_no"),
	CONSTRAINT "journal_line_amount_ck" CHECK ("journal_line"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_account" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"type" text NOT NULL,
	"subtype" text NOT NULL,
	"description" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_account_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "ledger_account_type_ck" CHECK ("ledger_account"."type" in ('asset', 'liability', 'equity', 'income', 'expense'))
);
--> statement-breakpoint
CREATE TABLE "ledger_balance" (
	"org_id" text NOT NULL,
	"account_id" text NOT NULL,
	"month" date NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"base_amount" bigint NOT NULL,
	"line_count" bigint NOT NULL,
	"closing_amount" bigint DEFAULT 0 NOT NULL,
	"closing_base_amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "ledger_balance_org_id_account_id_month_currency_pk" PRIMARY KEY("org_id","account_id","month","currency")
);
--> statement-breakpoint
CREATE TABLE "ledger_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"lock_date" date,
	"non_accountant_lock_date" date,
	"chart_template" text,
	"base_currency" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_rate" ADD CONSTRAINT "exchange_rate_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_draft_line" ADD CONSTRAINT "journal_draft_line_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_draft_line" ADD CONSTRAINT "journal_draft_line_entry_fk" FOREIGN KEY ("org_id","entry_id") REFERENCES "public"."journal_entry"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_draft_line" ADD CONSTRAINT "journal_draft_line_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_reverses_fk" FOREIGN KEY ("org_id","reverses_entry_id") REFERENCES "public"."journal_entry"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_line" ADD CONSTRAINT "journal_line_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_line" ADD CONSTRAINT "journal_line_entry_fk" FOREIGN KEY ("org_id","entry_id") REFERENCES "public"."journal_entry"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_line" ADD CONSTRAINT "journal_line_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_account" ADD CONSTRAINT "ledger_account_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_balance" ADD CONSTRAINT "ledger_balance_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_balance" ADD CONSTRAINT "ledger_balance_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."ledger_account"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_settings" ADD CONSTRAINT "ledger_settings_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_seq_uq" ON "journal_entry" USING btree ("org_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_reverses_uq" ON "journal_entry" USING btree ("org_id","reverses_entry_id");--> statement-breakpoint
CREATE INDEX "journal_entry_date_idx" ON "journal_entry" USING btree ("org_id","date");--> statement-breakpoint
CREATE INDEX "journal_entry_source_idx" ON "journal_entry" USING btree ("org_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "journal_line_account_date_idx" ON "journal_line" USING btree ("org_id","account_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_account_name_uq" ON "ledger_account" USING btree ("org_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_account_code_uq" ON "ledger_account" USING btree ("org_id","code");