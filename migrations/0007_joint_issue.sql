-- 0007 联合行文: the organizations that issue a document together with the
-- drafting (lead) organization.  The lead's 机关代字 gives the number
-- (GB/T 9704 §7.2.5); each co-issuer countersigns (会签) before 签发.
CREATE TABLE document_co_issuers (
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	position INTEGER NOT NULL,
	PRIMARY KEY (doc_id, org_id)
);
