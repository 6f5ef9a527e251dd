-- No line can be added to a posted entry (see 0003): the check now looks up each entry by its
-- primary key instead of joining and counting, so its cost stays flat as the journal grows (a
-- plan cached per session while the tables were small had it scan them whole). A posted entry
-- records its number of lines; its lines are numbered 1..line_count and the primary key forbids
-- two with one number, so a line numbered outside that range is the only way to add one.
CREATE OR REPLACE FUNCTION ledger_refuse_lines_beyond_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added record;
  entry record;
BEGIN
  FOR added IN
    SELECT org_id, entry_id, min(line_no) AS first_no, max(line_no) AS last_no
    FROM added_lines GROUP BY org_id, entry_id
  LOOP
    SELECT e.id, e.seq, e.status, e.line_count INTO entry
    FROM journal_entry e WHERE e.org_id = added.org_id AND e.id = added.entry_id;
    IF entry.status = 'posted' AND (added.first_no < 1 OR added.last_no > entry.line_count) THEN
      RAISE EXCEPTION 'journal entry % (#%) is posted with % lines; no line can be added to it',
        entry.id, entry.seq, entry.line_count
        USING ERRCODE = 'OL001', HINT = 'Posted journal entries are immutable.';
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
