/**
 * A host config close to Teams' light theme (Segoe UI, Teams' purple accent, its good / warning /
 * attention colours), so the pictures show the cards as a Teams user roughly sees them. Values
 * written here from Teams' public design colours; the renderer supplies everything else.
 */
export const TEAMS_HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, -apple-system, sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1E1E1' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#5B5FC7' },
        good: { default: '#0E700E', subtle: '#0E700E' },
        warning: { default: '#835B00', subtle: '#835B00' },
        attention: { default: '#C4314B', subtle: '#C4314B' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' } },
    },
    good: { backgroundColor: '#E7F2DA' },
    warning: { backgroundColor: '#FBF6D9' },
    attention: { backgroundColor: '#FCF4F6' },
    accent: { backgroundColor: '#E8EBFA' },
  },
  actions: {
    maxActions: 6,
    buttonSpacing: 8,
    showCard: { actionMode: 'inline' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  factSet: {
    title: { weight: 'bolder', wrap: true, maxWidth: 150 },
    value: { wrap: true },
    spacing: 8,
  },
};
