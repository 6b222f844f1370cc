-- The audit table is append-only (等保 2.0 §8.1.4.3 c: records are
-- protected against deletion, modification and overwriting).
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only');
END;
