-- Posted journal entries are immutable, whoever connects (the app role or the owner) and however
-- (the app or raw SQL): corrections are reversals. Drafts stay editable; a draft becomes posted by
-- one UPDATE of its status, after which its row and lines can no longer change.

CREATE OR REPLACE FUNCTION ledger_refuse_posted_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'posted' THEN
    RAISE EXCEPTION 'journal entry % (#%) is posted and cannot be %d; post a reversal instead',
      OLD.id, OLD.seq, lower(TG_OP)
      USING ERRCODE = 'OL001', HINT = 'Posted journal entries are immutable.';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER journal_entry_immutable BEFORE UPDATE OR DELETE ON journal_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_posted_entry_change();
--> statement-breakpoint
-- Every row of journal_line belongs to a posted entry (drafts keep theirs in journal_draft_line), but
-- the check reads the entry anyway, so the rule holds even for a row written by hand.
CREATE OR REPLACE FUNCTION ledger_refuse_posted_line_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM journal_entry e
             WHERE e.org_id = OLD.org_id AND e.id = OLD.entry_id AND e.status = 'posted')
     OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM journal_entry e
             WHERE e.org_id = NEW.org_id AND e.id = NEW.entry_id AND e.status = 'posted')) THEN
    RAISE EXCEPTION 'line % of journal entry % belongs to a posted entry and cannot be %d; post a reversal instead',
      OLD.line_no, OLD.entry_id, lower(TG_OP)
      USING ERRCODE = 'OL001', HINT = 'Posted journal entries are immutable.';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER journal_line_immutable BEFORE UPDATE OR DELETE ON journal_line
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_posted_line_change();
--> statement-breakpoint
-- No line can be added to a posted entry: a posted entry records its number of lines, and once that
-- many exist, no more may. Checked once per statement (bulk posting inserts thousands of lines in
-- one), and in batches too, as a restore loads them.
CREATE OR REPLACE FUNCTION ledger_refuse_lines_beyond_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  offending record;
BEGIN
  SELECT e.id, e.seq, e.line_count INTO offending
  FROM (SELECT DISTINCT org_id, entry_id FROM added_lines) a
  JOIN journal_entry e ON e.org_id = a.org_id AND e.id = a.entry_id
  WHERE e.status = 'posted'
    AND (SELECT count(*) FROM journal_line l WHERE l.org_id = a.org_id AND l.entry_id = a.entry_id) > e.line_count
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % (#%) is posted with % lines; no line can be added to it',
      offending.id, offending.seq, offending.line_count
      USING ERRCODE = 'OL001', HINT = 'Posted journal entries are immutable.';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER journal_line_append_only AFTER INSERT ON journal_line
  REFERENCING NEW TABLE AS added_lines
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_lines_beyond_posted();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% holds posted journal entries and cannot be truncated', TG_TABLE_NAME
    USING ERRCODE = 'OL001', HINT = 'Posted journal entries are immutable.';
END $$;
--> statement-breakpoint
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER journal_line_no_truncate BEFORE TRUNCATE ON journal_line
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
