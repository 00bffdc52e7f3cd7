-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "publicVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "PublicSnapshot" (
    "agencyId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublicSnapshot_pkey" PRIMARY KEY ("agencyId","key")
);

-- AddForeignKey
ALTER TABLE "PublicSnapshot" ADD CONSTRAINT "PublicSnapshot_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
