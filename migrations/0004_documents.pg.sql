-- An archived document is immutable (DA/T 22; 档案法 第三十七条).
CREATE FUNCTION documents_guard() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		RAISE EXCEPTION 'documents are never deleted';
	END IF;
	IF OLD.status = 'archived' THEN
		RAISE EXCEPTION 'archived documents are immutable';
	END IF;
	RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_guard BEFORE UPDATE OR DELETE ON documents
	FOR EACH ROW EXECUTE FUNCTION documents_guard();
