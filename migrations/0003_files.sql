-- 0003 files: uploaded files' metadata over the content-addressed blob
-- store (DATA/blobs/, src/store/blob.c).  The bytes live in the blob
-- named by sm3; several rows may share one blob.  org_id is the
-- uploader's organization (NULL for public users) and decides who may
-- read the file (data scope, src/files/files.c).

CREATE TABLE files (
	id {{ID}},
	sm3 TEXT NOT NULL,
	size BIGINT NOT NULL,
	content_type TEXT NOT NULL,
	filename TEXT NOT NULL,
	uploaded_by BIGINT REFERENCES users(id),
	org_id BIGINT REFERENCES orgs(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX files_sm3 ON files(sm3);
