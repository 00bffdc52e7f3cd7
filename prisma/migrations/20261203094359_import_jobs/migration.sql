-- CreateEnum
CREATE TYPE "ImportJobStatus" AS ENUM ('previewed', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "createdByLabel" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" "ImportJobStatus" NOT NULL DEFAULT 'previewed',
    "stage" TEXT NOT NULL DEFAULT '',
    "document" JSONB,
    "locations" JSONB,
    "preview" JSONB NOT NULL,
    "result" JSONB,
    "message" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportJob_agencyId_createdAt_idx" ON "ImportJob"("agencyId", "createdAt");

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
