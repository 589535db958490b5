-- The audit chain is append-only in the database too: UPDATE, DELETE and
-- TRUNCATE of "AuditEvent" are refused, so neither the application nor an
-- accidental edit can rewrite history (the hash chain then only has to catch
-- what gets past this: a table owner or superuser who disables the trigger).
-- Inserts stay allowed (appends, backup restore and the PGlite import COPY rows
-- in). Hand-written (Prisma's diff does not model triggers).

-- CreateFunction
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'AuditEvent is append-only: % is refused (the audit chain is never edited or deleted)', TG_OP
        USING ERRCODE = 'raise_exception';
END;
$$;

-- CreateTrigger
CREATE TRIGGER "AuditEvent_append_only"
BEFORE UPDATE OR DELETE ON "AuditEvent"
FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

-- CreateTrigger
CREATE TRIGGER "AuditEvent_no_truncate"
BEFORE TRUNCATE ON "AuditEvent"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
