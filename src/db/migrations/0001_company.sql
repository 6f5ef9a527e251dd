CREATE TABLE "company_logo" (
	"org_id" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"byte_size" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_logo_content_type_ck" CHECK ("company_logo"."content_type" in ('image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "company_logo_size_ck" CHECK ("company_logo"."byte_size" = octet_length("company_logo"."bytes") and "company_logo"."byte_size" <= 524288)
);
--> statement-breakpoint
CREATE TABLE "company_profile" (
	"org_id" text PRIMARY KEY NOT NULL,
	"legal_name" text NOT NULL,
	"trading_name" text,
	"address_line1" text,
	"address_line2" text,
	"address_city" text,
	"address_region" text,
	"address_postal_code" text,
	"address_country" text,
	"country" text,
	"base_currency" text,
	"fiscal_year_start" text DEFAULT '01-01' NOT NULL,
	"tax_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"email" text,
	"phone" text,
	"website" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_profile_fiscal_year_start_ck" CHECK ("company_profile"."fiscal_year_start" ~ '^[0-1][0-9]-[0-3][0-9]$')
);
--> statement-breakpoint
ALTER TABLE "company_logo" ADD CONSTRAINT "company_logo_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_profile" ADD CONSTRAINT "company_profile_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;