-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "healthPendingSince" TIMESTAMPTZ(3);
