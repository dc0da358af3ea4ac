-- Departments publish the directories they own (issue 21): a department officer's account names them.
ALTER TABLE "users" ADD COLUMN "directories" text[] DEFAULT '{}' NOT NULL;
