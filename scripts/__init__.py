"""Developer scripts: screenshots and the app server they and the browser test share."""
