-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "healthPendingSince" TIMESTAMPTZ(3);
-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "healthPendingLatest" TIMESTAMPTZ(3);
