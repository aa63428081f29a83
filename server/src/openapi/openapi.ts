import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeContract } from './openapi-contract.js';

export function buildOpenApi(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Otternauts Mission Control')
    .setDescription('Agentless Docker Swarm management over SSH. Errors answer {"error":{"code","message","details"}}.')
    .setVersion(version)
    .build();
  return completeContract(
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (_controller: string, method: string) => method,
    }),
  );
}

export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
