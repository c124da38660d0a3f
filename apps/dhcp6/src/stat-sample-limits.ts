import type { Dhcp6Config } from '@nestor/config';
import type { Statistics } from '@nestor/daemon';

/**
 * statistic-default-sample-count / statistic-default-sample-age as Kea 2.2 applies them at each
 * configuration (SrvConfig::updateStatistics): a count other than 0 becomes the sample bound of
 * every statistic, existing and new; a count of 0 lifts that bound and the age (seconds) bounds
 * them all instead. Either replaces what statistic-sample-*-set-all set before.
 */
export function applySampleLimits(
  stats: Statistics,
  config: Pick<Dhcp6Config, 'statisticDefaultSampleCount' | 'statisticDefaultSampleAge'>,
): void {
  if (config.statisticDefaultSampleCount !== 0)
    stats.setMaxSampleCountAll(config.statisticDefaultSampleCount);
  else stats.setMaxSampleAgeAll(config.statisticDefaultSampleAge);
}
