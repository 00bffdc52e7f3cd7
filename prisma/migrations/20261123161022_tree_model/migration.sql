-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'PERFORMANCE_OFFICER', 'DEPARTMENT_HEAD', 'EXECUTIVE');

-- CreateEnum
CREATE TYPE "Ipo" AS ENUM ('input', 'process', 'outcome');

-- CreateEnum
CREATE TYPE "IndicatorKind" AS ENUM ('leading', 'lagging');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('increase', 'decrease', 'maintain');

-- CreateEnum
CREATE TYPE "Frequency" AS ENUM ('monthly', 'quarterly', 'annual');

-- CreateEnum
CREATE TYPE "Aggregation" AS ENUM ('sum', 'avg', 'last');

-- CreateEnum
CREATE TYPE "Polarity" AS ENUM ('positive', 'negative');

-- CreateEnum
CREATE TYPE "KeyResultKind" AS ENUM ('metric', 'milestone', 'qualitative');

-- CreateEnum
CREATE TYPE "Zone" AS ENUM ('fail', 'commit', 'target', 'stretch');

-- CreateEnum
CREATE TYPE "NodeKind" AS ENUM ('kpi', 'keyResult', 'objective');

-- CreateEnum
CREATE TYPE "HealthStatus" AS ENUM ('ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'NO_DATA', 'NO_TARGET');

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "healthAsOf" DATE;

-- CreateTable
CREATE TABLE "Department" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" UUID,
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" "Role" NOT NULL,
    "departmentId" UUID,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objective" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "departmentId" UUID,
    "parentId" UUID,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "position" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Objective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyResult" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "objectiveId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "KeyResultKind" NOT NULL DEFAULT 'metric',
    "kpiId" UUID,
    "startValue" DOUBLE PRECISION,
    "targetValue" DOUBLE PRECISION,
    "startDate" DATE,
    "dueDate" DATE,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "position" INTEGER NOT NULL DEFAULT 0,
    "progress" DOUBLE PRECISION,
    "zone" "Zone",
    "narrative" TEXT NOT NULL DEFAULT '',
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "KeyResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Kpi" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "unit" TEXT NOT NULL DEFAULT '',
    "ipo" "Ipo" NOT NULL,
    "indicator" "IndicatorKind" NOT NULL DEFAULT 'lagging',
    "direction" "Direction" NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "aggregation" "Aggregation" NOT NULL DEFAULT 'last',
    "departmentId" UUID NOT NULL,
    "baseline" DOUBLE PRECISION,
    "target" DOUBLE PRECISION,
    "tolerance" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "onTrackThreshold" DOUBLE PRECISION,
    "atRiskThreshold" DOUBLE PRECISION,
    "formula" TEXT,
    "lagDays" INTEGER NOT NULL DEFAULT 30,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Kpi_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiTarget" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "kpiId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "KpiTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriverLink" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "fromKpiId" UUID NOT NULL,
    "toKpiId" UUID NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "polarity" "Polarity" NOT NULL DEFAULT 'positive',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "DriverLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormulaReference" (
    "agencyId" UUID NOT NULL,
    "kpiId" UUID NOT NULL,
    "referencedKpiId" UUID NOT NULL,

    CONSTRAINT "FormulaReference_pkey" PRIMARY KEY ("kpiId","referencedKpiId")
);

-- CreateTable
CREATE TABLE "Measurement" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "kpiId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "enteredByUserId" UUID,
    "enteredByToken" UUID,
    "enteredByLabel" TEXT NOT NULL DEFAULT '',
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Measurement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeasurementRevision" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "measurementId" UUID NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "enteredByLabel" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "replacedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replacedByLabel" TEXT NOT NULL,

    CONSTRAINT "MeasurementRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Commentary" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "nodeKind" "NodeKind" NOT NULL,
    "nodeId" UUID NOT NULL,
    "period" TEXT,
    "body" TEXT NOT NULL,
    "isInternal" BOOLEAN NOT NULL DEFAULT false,
    "authorUserId" UUID,
    "authorLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Commentary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthResult" (
    "agencyId" UUID NOT NULL,
    "nodeKey" TEXT NOT NULL,
    "nodeKind" "NodeKind" NOT NULL,
    "code" TEXT NOT NULL,
    "status" "HealthStatus" NOT NULL,
    "health" DOUBLE PRECISION,
    "progress" DOUBLE PRECISION,
    "result" JSONB NOT NULL,
    "explanation" JSONB NOT NULL,
    "asOf" DATE NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HealthResult_pkey" PRIMARY KEY ("agencyId","nodeKey")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "agencyId" UUID,
    "actorUserId" UUID,
    "actorToken" UUID,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "entityCode" TEXT,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "departmentId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Department_agencyId_parentId_idx" ON "Department"("agencyId", "parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Department_agencyId_code_key" ON "Department"("agencyId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_agencyId_idx" ON "User"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_agencyId_code_key" ON "Plan"("agencyId", "code");

-- CreateIndex
CREATE INDEX "Objective_agencyId_parentId_idx" ON "Objective"("agencyId", "parentId");

-- CreateIndex
CREATE INDEX "Objective_planId_idx" ON "Objective"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "Objective_agencyId_code_key" ON "Objective"("agencyId", "code");

-- CreateIndex
CREATE INDEX "KeyResult_objectiveId_idx" ON "KeyResult"("objectiveId");

-- CreateIndex
CREATE INDEX "KeyResult_kpiId_idx" ON "KeyResult"("kpiId");

-- CreateIndex
CREATE UNIQUE INDEX "KeyResult_agencyId_code_key" ON "KeyResult"("agencyId", "code");

-- CreateIndex
CREATE INDEX "Kpi_agencyId_departmentId_idx" ON "Kpi"("agencyId", "departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Kpi_agencyId_code_key" ON "Kpi"("agencyId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "KpiTarget_kpiId_period_key" ON "KpiTarget"("kpiId", "period");

-- CreateIndex
CREATE INDEX "DriverLink_toKpiId_idx" ON "DriverLink"("toKpiId");

-- CreateIndex
CREATE INDEX "DriverLink_agencyId_idx" ON "DriverLink"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "DriverLink_fromKpiId_toKpiId_key" ON "DriverLink"("fromKpiId", "toKpiId");

-- CreateIndex
CREATE INDEX "FormulaReference_referencedKpiId_idx" ON "FormulaReference"("referencedKpiId");

-- CreateIndex
CREATE INDEX "Measurement_agencyId_idx" ON "Measurement"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Measurement_kpiId_period_key" ON "Measurement"("kpiId", "period");

-- CreateIndex
CREATE INDEX "MeasurementRevision_measurementId_replacedAt_idx" ON "MeasurementRevision"("measurementId", "replacedAt");

-- CreateIndex
CREATE INDEX "Commentary_agencyId_nodeKind_nodeId_period_idx" ON "Commentary"("agencyId", "nodeKind", "nodeId", "period");

-- CreateIndex
CREATE INDEX "HealthResult_agencyId_nodeKind_status_idx" ON "HealthResult"("agencyId", "nodeKind", "status");

-- CreateIndex
CREATE INDEX "AuditEvent_agencyId_createdAt_idx" ON "AuditEvent"("agencyId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_agencyId_entityType_entityId_idx" ON "AuditEvent"("agencyId", "entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_agencyId_actorUserId_createdAt_idx" ON "AuditEvent"("agencyId", "actorUserId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_agencyId_idx" ON "ApiToken"("agencyId");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Objective"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyResult" ADD CONSTRAINT "KeyResult_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyResult" ADD CONSTRAINT "KeyResult_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyResult" ADD CONSTRAINT "KeyResult_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Kpi" ADD CONSTRAINT "Kpi_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Kpi" ADD CONSTRAINT "Kpi_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiTarget" ADD CONSTRAINT "KpiTarget_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiTarget" ADD CONSTRAINT "KpiTarget_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriverLink" ADD CONSTRAINT "DriverLink_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriverLink" ADD CONSTRAINT "DriverLink_fromKpiId_fkey" FOREIGN KEY ("fromKpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriverLink" ADD CONSTRAINT "DriverLink_toKpiId_fkey" FOREIGN KEY ("toKpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormulaReference" ADD CONSTRAINT "FormulaReference_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormulaReference" ADD CONSTRAINT "FormulaReference_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormulaReference" ADD CONSTRAINT "FormulaReference_referencedKpiId_fkey" FOREIGN KEY ("referencedKpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasurementRevision" ADD CONSTRAINT "MeasurementRevision_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasurementRevision" ADD CONSTRAINT "MeasurementRevision_measurementId_fkey" FOREIGN KEY ("measurementId") REFERENCES "Measurement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commentary" ADD CONSTRAINT "Commentary_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HealthResult" ADD CONSTRAINT "HealthResult_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;
