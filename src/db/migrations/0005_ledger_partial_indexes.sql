DROP INDEX "journal_entry_date_idx";--> statement-breakpoint
DROP INDEX "journal_entry_seq_uq";--> statement-breakpoint
DROP INDEX "journal_entry_reverses_uq";--> statement-breakpoint
DROP INDEX "journal_entry_source_idx";--> statement-breakpoint
DROP INDEX "ledger_account_name_uq";--> statement-breakpoint
DROP INDEX "ledger_account_code_uq";--> statement-breakpoint
CREATE INDEX "journal_entry_posted_date_idx" ON "journal_entry" USING btree ("org_id","date","id") WHERE "journal_entry"."seq" is not null;--> statement-breakpoint
CREATE INDEX "journal_entry_draft_date_idx" ON "journal_entry" USING btree ("org_id","date","id") WHERE "journal_entry"."seq" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_seq_uq" ON "journal_entry" USING btree ("org_id","seq") WHERE "journal_entry"."seq" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_reverses_uq" ON "journal_entry" USING btree ("org_id","reverses_entry_id") WHERE "journal_entry"."reverses_entry_id" is not null;--> statement-breakpoint
CREATE INDEX "journal_entry_source_idx" ON "journal_entry" USING btree ("org_id","source_type","source_id") WHERE "journal_entry"."source_type" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_account_name_uq" ON "ledger_account" USING btree ("name","org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_account_code_uq" ON "ledger_account" USING btree ("org_id","code") WHERE "ledger_account"."code" is not null;