CREATE TABLE "sales_recurring_invoice" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"customer_id" text NOT NULL,
	"template" jsonb NOT NULL,
	"rrule" text NOT NULL,
	"preset" jsonb,
	"start_date" date NOT NULL,
	"end_date" date,
	"count" integer,
	"mode" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"next_date" date,
	"last_date" date,
	"last_status" text,
	"created_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_recurring_invoice_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_recurring_invoice_mode_ck" CHECK ("sales_recurring_invoice"."mode" in ('draft', 'issue', 'issue_and_send')),
	CONSTRAINT "sales_recurring_invoice_status_ck" CHECK ("sales_recurring_invoice"."status" in ('active', 'paused')),
	CONSTRAINT "sales_recurring_invoice_count_ck" CHECK ("sales_recurring_invoice"."count" is null or "sales_recurring_invoice"."count" > 0)
);
--> statement-breakpoint
CREATE TABLE "sales_recurring_run" (
	"org_id" text NOT NULL,
	"schedule_id" text NOT NULL,
	"occurrence_date" date NOT NULL,
	"status" text NOT NULL,
	"document_id" text,
	"error_code" text,
	"error_message" text,
	"attempts" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_recurring_run_org_id_schedule_id_occurrence_date_pk" PRIMARY KEY("org_id","schedule_id","occurrence_date"),
	CONSTRAINT "sales_recurring_run_status_ck" CHECK ("sales_recurring_run"."status" in ('succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "sales_reminder" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"step" text NOT NULL,
	"step_date" date NOT NULL,
	"run_date" date NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "sales_reminder_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_reminder_status_ck" CHECK ("sales_reminder"."status" in ('sent', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "sales_reminder_opt_out" (
	"org_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "sales_reminder_opt_out_org_id_customer_id_pk" PRIMARY KEY("org_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "sales_reminder_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"attach_pdf" boolean DEFAULT true NOT NULL,
	"steps" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sales_recurring_invoice" ADD CONSTRAINT "sales_recurring_invoice_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_recurring_invoice" ADD CONSTRAINT "sales_recurring_invoice_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customer"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_recurring_run" ADD CONSTRAINT "sales_recurring_run_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_recurring_run" ADD CONSTRAINT "sales_recurring_run_schedule_fk" FOREIGN KEY ("org_id","schedule_id") REFERENCES "public"."sales_recurring_invoice"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_reminder" ADD CONSTRAINT "sales_reminder_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_reminder" ADD CONSTRAINT "sales_reminder_invoice_fk" FOREIGN KEY ("org_id","invoice_id") REFERENCES "public"."sales_document"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_reminder" ADD CONSTRAINT "sales_reminder_message_fk" FOREIGN KEY ("org_id","message_id") REFERENCES "public"."sales_document_message"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_reminder_opt_out" ADD CONSTRAINT "sales_reminder_opt_out_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_reminder_opt_out" ADD CONSTRAINT "sales_reminder_opt_out_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customer"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_reminder_settings" ADD CONSTRAINT "sales_reminder_settings_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_recurring_invoice_due_idx" ON "sales_recurring_invoice" USING btree ("status","next_date");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_recurring_run_document_uq" ON "sales_recurring_run" USING btree ("org_id","document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_reminder_step_uq" ON "sales_reminder" USING btree ("org_id","invoice_id","step");