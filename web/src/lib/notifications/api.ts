import { api } from '#lib/api/client.ts';
import type { ChannelBody } from '#lib/notifications/types.ts';

const id = (channelId: string) => ({ params: { path: { id: channelId } } });

export const notificationsApi = {
  listChannels: () => api.GET('/api/notifications/channels'),
  createChannel: (body: ChannelBody) => api.POST('/api/notifications/channels', { body }),
  updateChannel: (channelId: string, body: ChannelBody) => api.PUT('/api/notifications/channels/{id}', { ...id(channelId), body }),
  deleteChannel: (channelId: string) => api.DELETE('/api/notifications/channels/{id}', id(channelId)),
  testChannel: (channelId: string) => api.POST('/api/notifications/channels/{id}/test', id(channelId)),
  listDeliveries: (channelId: string, limit = 20) =>
    api.GET('/api/notifications/channels/{id}/deliveries', { params: { path: { id: channelId }, query: { limit } } }),
};
