-- Labour-contract renewals (issue 6): a renewal is a new labour_contracts row linked to the one it
-- follows; the renewed row's status becomes 'renewed' and its deadline alerts resolve. version:
-- optimistic locking when HR renews.
ALTER TABLE labour_contracts ADD COLUMN previous_contract_id BIGINT REFERENCES labour_contracts(id);
ALTER TABLE labour_contracts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX labour_contracts_previous ON labour_contracts(previous_contract_id);
