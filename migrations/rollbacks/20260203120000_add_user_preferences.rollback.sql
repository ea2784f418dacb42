-- Rollback: Remove user preferences table
-- File: 20260203120000_add_user_preferences.rollback.sql

BEGIN;

DROP POLICY IF EXISTS "Users can view own preferences" ON user_preferences;
DROP POLICY IF EXISTS "Users can update own preferences" ON user_preferences;
DROP POLICY IF EXISTS "Users can insert own preferences" ON user_preferences;

DROP TABLE IF EXISTS user_preferences CASCADE;

COMMIT;
