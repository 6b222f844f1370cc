-- An archived document is immutable (DA/T 22; 档案法 第三十七条).
CREATE TRIGGER documents_archived_immutable BEFORE UPDATE ON documents
WHEN OLD.status = 'archived'
BEGIN
	SELECT RAISE(ABORT, 'archived documents are immutable');
END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN
	SELECT RAISE(ABORT, 'documents are never deleted');
END;
