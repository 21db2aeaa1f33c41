// Sizes the iframe from the height the app reports (iframe mode, ?embed=1).
addEventListener('message', (e) => {
  if (e.data && e.data.type === 'aksbd:height') {
    document.getElementById('frame').style.height = `${e.data.height}px`;
    document.body.dataset.frameHeight = String(e.data.height);
  }
});
