-- Telemetry: metrics with downsampling, events, notification channels and deliveries, domain checks.
CREATE TABLE "ServerMetric" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "serverId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "cpuPercent" REAL NOT NULL,
    "cpuCount" INTEGER NOT NULL,
    "memoryUsedBytes" REAL NOT NULL,
    "memoryTotalBytes" REAL NOT NULL,
    "load1" REAL NOT NULL,
    "diskFreeBytes" REAL NOT NULL,
    "diskTotalBytes" REAL NOT NULL
);

CREATE TABLE "ServiceMetric" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "stackName" TEXT NOT NULL,
    "serviceName" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "cpuPercent" REAL NOT NULL,
    "memoryBytes" REAL NOT NULL,
    "containers" INTEGER NOT NULL
);

CREATE TABLE "Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "stackId" TEXT,
    "stackName" TEXT,
    "service" TEXT,
    "serverId" TEXT,
    "serverName" TEXT,
    "deploymentId" TEXT,
    "incidentKey" TEXT,
    "phase" TEXT,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "details" TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE "NotificationChannel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "secrets" BLOB,
    "events" TEXT NOT NULL DEFAULT '[]',
    "stacks" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channelId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "eventIds" TEXT NOT NULL DEFAULT '[]',
    "title" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "responseStatus" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    CONSTRAINT "NotificationDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "DomainCheck" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "stackId" TEXT NOT NULL,
    "stackName" TEXT NOT NULL,
    "dnsStatus" TEXT NOT NULL DEFAULT 'unknown',
    "dnsAddresses" TEXT NOT NULL DEFAULT '[]',
    "dnsCheckedAt" DATETIME,
    "certificateStatus" TEXT NOT NULL DEFAULT 'unknown',
    "certificateMessage" TEXT,
    "certificateLogLine" TEXT,
    "retryAfter" DATETIME,
    "certificateSeenAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

CREATE INDEX "ServerMetric_serverId_resolution_at_idx" ON "ServerMetric"("serverId", "resolution", "at");

CREATE INDEX "ServerMetric_resolution_at_idx" ON "ServerMetric"("resolution", "at");

CREATE INDEX "ServiceMetric_stackName_resolution_at_idx" ON "ServiceMetric"("stackName", "resolution", "at");

CREATE INDEX "ServiceMetric_resolution_at_idx" ON "ServiceMetric"("resolution", "at");

CREATE INDEX "Event_at_idx" ON "Event"("at");

CREATE INDEX "Event_kind_at_idx" ON "Event"("kind", "at");

CREATE INDEX "Event_stackId_at_idx" ON "Event"("stackId", "at");

CREATE INDEX "Event_serverId_at_idx" ON "Event"("serverId", "at");

CREATE INDEX "Event_incidentKey_at_idx" ON "Event"("incidentKey", "at");

CREATE UNIQUE INDEX "NotificationChannel_name_key" ON "NotificationChannel"("name");

CREATE INDEX "NotificationDelivery_status_nextAttemptAt_idx" ON "NotificationDelivery"("status", "nextAttemptAt");

CREATE INDEX "NotificationDelivery_channelId_createdAt_idx" ON "NotificationDelivery"("channelId", "createdAt");

CREATE INDEX "DomainCheck_stackId_idx" ON "DomainCheck"("stackId");
