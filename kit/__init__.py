"""Knowledge site and document kit for the Shanghai cyber-security insurance pilot (沪经信软〔2024〕280号)."""
