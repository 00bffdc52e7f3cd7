-- API tokens expire, and a department-scoped token (or a department head) never widens because its
-- department row went away (issue 13, item 11).

-- DropForeignKey
ALTER TABLE "ApiToken" DROP CONSTRAINT "ApiToken_departmentId_fkey";

-- DropForeignKey
ALTER TABLE "User" DROP CONSTRAINT "User_departmentId_fkey";

-- AlterTable, with a backfill: every existing token gets the default lifetime of a new token (90 days)
-- counted from this migration, not from its creation. Counting from creation would stop old feeds on
-- the day of the upgrade with no warning, while 90 days from now leaves admins time to rotate them, and no
-- existing token outlives what a token created today would get by default.
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3);
UPDATE "ApiToken" SET "expiresAt" = now() + interval '90 days';
ALTER TABLE "ApiToken" ALTER COLUMN "expiresAt" SET NOT NULL;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
