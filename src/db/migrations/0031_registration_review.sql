-- Self-registration review (security review of 0030): an account the city must confirm carries
-- registration_review (accounts), and one worker account per person is enforced by a partial unique index.
ALTER TABLE "users" ADD COLUMN "registration_review" text;--> statement-breakpoint
-- Accounts of persons still pending from 0030 need the city's confirmation as before.
UPDATE "users" SET "registration_review" = 'new_person'
 WHERE "role" = 'worker' AND "person_key" IN (SELECT "person_key" FROM "persons" WHERE "status" = 'pending');--> statement-breakpoint
CREATE UNIQUE INDEX "users_worker_person_uq" ON "users" USING btree ("person_key") WHERE role = 'worker' AND person_key IS NOT NULL;
