-- Rollback: Remove the email queue
DROP TABLE IF EXISTS email_queue;
