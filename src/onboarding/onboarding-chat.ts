import type { Place } from '../core/invocation';
import type { ChannelPoster } from '../core/ports';
import type { Person } from '../core/person';
import type { Customer } from '../config/customer';
import { onboardingCard } from './onboarding-card';
import type { OnboardingTools } from './onboarding-tools';

/** Onboarding in chat: the progress card, and private words to the technician. */
export function onboardingChat(chat: {
  poster: ChannelPoster;
  /** Where a person can be told something only they may see (a DM, a personal chat). */
  privately(person: Person): Promise<Place | undefined>;
  /** The customer's name and the zone the card's times are in. */
  customer(id: string): Pick<Customer, 'name' | 'timezone'>;
}): Pick<OnboardingTools, 'tellTech' | 'drawCard'> {
  return {
    async tellTech(ob, reply) {
      const mine = ob.place.kind === 'personal' ? ob.place : await chat.privately(ob.tech);
      if (!mine && reply.private) return false;
      await chat.poster.post(mine ?? ob.place, reply);
      return true;
    },
    async drawCard(ob) {
      const card = onboardingCard(ob, chat.customer(ob.customer));
      if (!ob.card) return chat.poster.post(ob.place, card);
      await chat.poster.update(ob.place, ob.card, card);
      return ob.card;
    },
  };
}
