"""Resources shipped with ReviewDesk: the chart font (fonts/), and later icons, translations and the base Word template."""
