-- Builds and previews: the cluster's build server, a stack's build registry and preview settings,
-- previews (stacks with a parent), the images each deployment built, preview secrets, and the
-- pull/merge request a delivery came from.
-- AlterTable: Cluster
ALTER TABLE "Cluster" ADD COLUMN "buildServerId" TEXT;

-- AlterTable: Stack (SQLite adds one column per statement)
ALTER TABLE "Stack" ADD COLUMN "buildRegistryId" TEXT REFERENCES "RegistryCredential" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Stack" ADD COLUMN "previewsEnabled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Stack" ADD COLUMN "previewForks" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Stack" ADD COLUMN "previewLimit" INTEGER NOT NULL DEFAULT 5;
ALTER TABLE "Stack" ADD COLUMN "parentStackId" TEXT REFERENCES "Stack" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Stack" ADD COLUMN "previewNumber" INTEGER;
ALTER TABLE "Stack" ADD COLUMN "previewTitle" TEXT;
ALTER TABLE "Stack" ADD COLUMN "previewBranch" TEXT;
ALTER TABLE "Stack" ADD COLUMN "previewHeadSha" TEXT;
ALTER TABLE "Stack" ADD COLUMN "previewFork" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Stack" ADD COLUMN "previewActiveAt" DATETIME;

-- AlterTable: Delivery
ALTER TABLE "Delivery" ADD COLUMN "pullRequest" INTEGER;
ALTER TABLE "Delivery" ADD COLUMN "action" TEXT;

-- CreateTable
CREATE TABLE "Build" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deploymentId" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "spec" TEXT NOT NULL DEFAULT '{}',
    "digest" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "serverId" TEXT,
    "serverName" TEXT,
    "log" TEXT NOT NULL DEFAULT '',
    "logLines" INTEGER NOT NULL DEFAULT 0,
    "cachedSteps" INTEGER,
    "totalSteps" INTEGER,
    "error" TEXT,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Build_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PreviewSecret" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stackId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pullRequest" INTEGER NOT NULL DEFAULT 0,
    "value" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PreviewSecret_stackId_fkey" FOREIGN KEY ("stackId") REFERENCES "Stack" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Stack_parentStackId_previewNumber_key" ON "Stack"("parentStackId", "previewNumber");
CREATE INDEX "Build_image_idx" ON "Build"("image");
CREATE UNIQUE INDEX "Build_deploymentId_service_key" ON "Build"("deploymentId", "service");
CREATE UNIQUE INDEX "PreviewSecret_stackId_name_pullRequest_key" ON "PreviewSecret"("stackId", "name", "pullRequest");
