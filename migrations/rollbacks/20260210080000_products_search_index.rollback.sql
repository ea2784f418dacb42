-- migrate:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS idx_products_search;
