CREATE TABLE "sales_document_message" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"document_id" text NOT NULL,
	"kind" text NOT NULL,
	"reminder_step" text,
	"to_addresses" jsonb NOT NULL,
	"cc_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"attachment_name" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"transport" text,
	"transport_message_id" text,
	"error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "sales_document_message_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "sales_document_message_kind_ck" CHECK ("sales_document_message"."kind" in ('document', 'reminder')),
	CONSTRAINT "sales_document_message_status_ck" CHECK ("sales_document_message"."status" in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "sales_document_message" ADD CONSTRAINT "sales_document_message_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_message" ADD CONSTRAINT "sales_document_message_document_fk" FOREIGN KEY ("org_id","document_id") REFERENCES "public"."sales_document"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_document_message_document_idx" ON "sales_document_message" USING btree ("org_id","document_id","created_at");