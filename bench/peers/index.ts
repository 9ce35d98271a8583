// The peer script of each task the benchmark measures (bench/peers/README in the README's Performance section).
import { historicalBannerPeer } from './historical-banner';
import { officeHoursPeer } from './office-hours';
import type { Peer } from './peer';
import { talkRemindersPeer } from './talk-reminders';
import { translationStatusPeer } from './translation-status';

export const peers: Readonly<Record<string, Peer>> = {
  'historical-banner': historicalBannerPeer,
  'office-hours': officeHoursPeer,
  'translation-status': translationStatusPeer,
  'talk-reminders': talkRemindersPeer,
};
