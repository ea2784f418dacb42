-- Rollback: Remove the initial store schema
DROP TABLE IF EXISTS cart_items, order_items, orders, products, categories, profiles CASCADE;
