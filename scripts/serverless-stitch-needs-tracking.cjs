// An osls plugin that refuses, before anything is packaged or deployed, a stack with the edge
// video on and per-video tracking off: the stitch is planned from tracking's completions, reads
// the tracking table and is re-driven through its outbox index, so it cannot run without it.
// serverless.yml passes both parameters, resolved, in `custom.edgeVideoNeeds`.
// Plain CommonJS: the framework loads plugins with require(), before anything is compiled.
'use strict';

const SWITCH = ['on', 'off'];

class StitchNeedsTracking {
  constructor(serverless) {
    // The framework's own error class prints the message alone, without a stack.
    const ServerlessError = (serverless.classes && serverless.classes.Error) || Error;
    this.hooks = {
      initialize: () => {
        const { stitch, tracking } = (serverless.service.custom && serverless.service.custom.edgeVideoNeeds) || {};
        for (const [name, value] of [['stitch', stitch], ['tracking', tracking]]) {
          if (!SWITCH.includes(value)) throw new ServerlessError(`--param ${name}=${value}: must be on or off`);
        }
        if (stitch === 'on' && tracking === 'off') {
          throw new ServerlessError(
            'The edge video (stitch=on) needs per-video tracking (tracking=on): the stitch is planned when tracking completes a video, ' +
              'and reads and re-drives it through the tracking table. Deploy with --param tracking=on, or without the edge video: --param stitch=off.',
          );
        }
      },
    };
  }
}

module.exports = StitchNeedsTracking;
