ALTER TABLE "sales_allocation" ADD COLUMN "payment_amount" bigint;--> statement-breakpoint
-- Until now a payment only settled invoices in its own currency: it gave what it settled.
UPDATE "sales_allocation" SET "payment_amount" = "amount" WHERE "payment_id" IS NOT NULL;
