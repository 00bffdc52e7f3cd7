-- AlterTable
ALTER TABLE "HealthResult" ALTER COLUMN "explanation" SET DATA TYPE JSON;
