-- CreateEnum
CREATE TYPE "RecycleBinKind" AS ENUM ('objective', 'keyResult', 'kpi', 'link');

-- DropForeignKey
ALTER TABLE "MeasurementRevision" DROP CONSTRAINT "MeasurementRevision_measurementId_fkey";

-- AlterTable
ALTER TABLE "MeasurementRevision" ADD COLUMN     "isRemoval" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "kpiId" UUID,
ADD COLUMN     "period" TEXT,
ALTER COLUMN "measurementId" DROP NOT NULL;

-- A revision now names its KPI and period itself, so that it outlives its Measurement row.
UPDATE "MeasurementRevision" r SET "kpiId" = m."kpiId", "period" = m."period"
FROM "Measurement" m WHERE m.id = r."measurementId";

ALTER TABLE "MeasurementRevision" ALTER COLUMN "kpiId" SET NOT NULL,
ALTER COLUMN "period" SET NOT NULL;

-- CreateTable
CREATE TABLE "RecycleBinEntry" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "kind" "RecycleBinKind" NOT NULL,
    "rootId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "payload" JSONB NOT NULL,
    "deletedByUserId" UUID,
    "deletedByLabel" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecycleBinEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecycleBinEntry_agencyId_deletedAt_idx" ON "RecycleBinEntry"("agencyId", "deletedAt");

-- CreateIndex
CREATE INDEX "RecycleBinEntry_expiresAt_idx" ON "RecycleBinEntry"("expiresAt");

-- CreateIndex
CREATE INDEX "MeasurementRevision_kpiId_period_idx" ON "MeasurementRevision"("kpiId", "period");

-- AddForeignKey
ALTER TABLE "MeasurementRevision" ADD CONSTRAINT "MeasurementRevision_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasurementRevision" ADD CONSTRAINT "MeasurementRevision_measurementId_fkey" FOREIGN KEY ("measurementId") REFERENCES "Measurement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecycleBinEntry" ADD CONSTRAINT "RecycleBinEntry_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
