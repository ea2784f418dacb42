-- migrate:no-transaction
-- Full-text search over products (seed 000, "Essential Indexes"), built without locking writes.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_products_search ON products
USING gin(to_tsvector('english', name || ' ' || description));
