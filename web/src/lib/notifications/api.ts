import type { Client } from 'openapi-fetch';
import { api } from '#lib/api/client.ts';
import type { ChannelBody, ChannelView, CreatedChannel, DeliveryView } from '#lib/notifications/types.ts';

type Json<T> = { content: { 'application/json': T } };
type ErrorBody = Json<{ error: { code: string; message: string; details?: { field?: string; message: string }[] } }>;
type Id = { path: { id: string } };

/**
 * The notifications routes as the contract describes them, typed by hand until they are in
 * schema.d.ts; the same client (admin token, 401 prompt) answers them.
 */
interface NotificationPaths {
  '/api/notifications/channels': {
    get: { parameters: Record<string, never>; responses: { 200: Json<ChannelView[]> } };
    post: { parameters: Record<string, never>; requestBody: Json<ChannelBody>; responses: { 201: Json<CreatedChannel>; 400: ErrorBody } };
  };
  '/api/notifications/channels/{id}': {
    get: { parameters: Id; responses: { 200: Json<ChannelView>; 404: ErrorBody } };
    put: { parameters: Id; requestBody: Json<ChannelBody>; responses: { 200: Json<ChannelView>; 400: ErrorBody; 404: ErrorBody } };
    delete: { parameters: Id; responses: { 200: Json<unknown>; 204: never; 404: ErrorBody } };
  };
  '/api/notifications/channels/{id}/test': {
    post: { parameters: Id; responses: { 200: Json<DeliveryView>; 201: Json<DeliveryView>; 404: ErrorBody } };
  };
  '/api/notifications/channels/{id}/deliveries': {
    get: { parameters: Id & { query?: { limit?: number } }; responses: { 200: Json<DeliveryView[]>; 404: ErrorBody } };
  };
}

const client = api as unknown as Client<NotificationPaths>;
const id = (channelId: string) => ({ params: { path: { id: channelId } } });

export const notificationsApi = {
  listChannels: () => client.GET('/api/notifications/channels', {}),
  createChannel: (body: ChannelBody) => client.POST('/api/notifications/channels', { body }),
  updateChannel: (channelId: string, body: ChannelBody) => client.PUT('/api/notifications/channels/{id}', { ...id(channelId), body }),
  deleteChannel: (channelId: string) => client.DELETE('/api/notifications/channels/{id}', id(channelId)),
  testChannel: (channelId: string) => client.POST('/api/notifications/channels/{id}/test', id(channelId)),
  listDeliveries: (channelId: string, limit = 20) =>
    client.GET('/api/notifications/channels/{id}/deliveries', { params: { path: { id: channelId }, query: { limit } } }),
};
