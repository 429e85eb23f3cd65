// The handle of a consult (warm) transfer in progress.

/**
 * A consult in progress: the agent talks to the destination, then completes
 * (hands the customer over and leaves) or cancels (drops the destination).
 * Rebuild one after a reload with `cc.consultFor(conversationId)`.
 */
export class Consult {
  #run;

  /** @internal */
  constructor(run, state) {
    this.#run = run;
    /** The conversation. */
    this.conversationId = state.conversationId;
    /** The participant being transferred (the customer, "object"). */
    this.participantId = state.participantId;
    /** The participant brought in (the destination). */
    this.destinationParticipantId = state.destinationParticipantId;
    /** Who speaks, as last set through this handle (undefined when rebuilt). */
    this.speaking = state.speakTo;
  }

  /** Switches who speaks: 'destination', 'object' (the customer), 'both' or 'conference'. */
  async speakTo(speakTo, options) {
    const out = await this.#run('consultSpeakTo', { conversationId: this.conversationId, speakTo }, options);
    this.speaking = out.speakTo;
    return this;
  }

  /**
   * Hands the customer to the destination: the agent disconnects its own leg.
   * Genesys documents no dedicated "complete" endpoint; this is what its agent UI does.
   */
  async complete(options) {
    await this.#run('consultComplete', { conversationId: this.conversationId }, options);
  }

  /** Drops the destination; agent and customer stay connected. */
  async cancel(options) {
    await this.#run('consultCancel', { conversationId: this.conversationId }, options);
  }
}
