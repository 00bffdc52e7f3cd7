-- Accounts belong to an agency (issue 13, item 14d): an email is unique within an agency, no longer across all of
-- them, so that creating a user tells an admin nothing about other agencies' accounts. Existing data already has one
-- account per email, which the new rule allows.

-- DropIndex: the unique index on (agencyId, email) serves lookups by agency through its leading column
DROP INDEX "User_agencyId_idx";

-- DropIndex
DROP INDEX "User_email_key";

-- CreateIndex: sign-in looks every account with an email up, whatever its agency
CREATE INDEX "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_agencyId_email_key" ON "User"("agencyId", "email");
