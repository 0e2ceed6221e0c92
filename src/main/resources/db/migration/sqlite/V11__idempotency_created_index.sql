-- Idempotency keys are pruned 24 hours after their send; the prune reads them by age.
CREATE INDEX idempotency_created ON idempotency (created_at);
