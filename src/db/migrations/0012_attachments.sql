CREATE TABLE "attachment" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "attachment_size_ck" CHECK ("attachment"."byte_size" = octet_length("attachment"."bytes") and "attachment"."byte_size" <= 10485760)
);
--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_entity_ix" ON "attachment" USING btree ("org_id","entity_type","entity_id");