import { existsSync } from 'node:fs';

/**
 * The faces the charts name (Arial's metric twin, Liberation Sans, from Debian's fonts-liberation2), read
 * from their files: quicker than scanning every font on the machine for each picture, and the same
 * pictures wherever they are drawn. A machine without them falls back on its own fonts.
 */
const FACES = ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf'].map((face) => `/usr/share/fonts/truetype/liberation2/${face}`);

export const CHART_FONTS = FACES.every((face) => existsSync(face))
  ? { loadSystemFonts: false, fontFiles: FACES, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' }
  : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' };
