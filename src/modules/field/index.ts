export { createActivity, hiresFromActivities, listActivities } from './activities.ts';
export { winnerForNomination } from './competitions.ts';
export {
  ACTIVITY_KIND_NAMES,
  AWARD_NAMES,
  COMPETITION_LEVEL_NAMES,
  PROMOTION_STATUS_NAMES,
} from './field.labels.ts';
export { promotionRuleOn, listPromotionRules, setPromotionRule } from './promotion-rules.ts';
