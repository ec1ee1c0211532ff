// The menu-bar icon: draws what tray-model.ts derives. Left click toggles the popover; right
// click pops up the menu.
import { Menu, Tray, nativeImage, type Rectangle } from 'electron';
import { join } from 'node:path';
import { INITIAL_TRAY_MODEL, trayLook, trayMenu, type TrayActions, type TrayModel } from './tray-model.ts';

export interface AppTray {
  readonly model: TrayModel;
  update(change: (model: TrayModel) => TrayModel): void;
  bounds(): Rectangle;
  destroy(): void;
}

export interface AppTrayOptions {
  /** build/tray in development, <Resources>/tray when packaged */
  iconDir: string;
  actions: TrayActions;
  /** left click, with the icon's bounds to open the popover under */
  onClick(bounds: Rectangle): void;
}

export function createAppTray(options: AppTrayOptions): AppTray {
  // nativeImage picks up the @2x file next to the one named.
  const image = (file: string) => {
    const img = nativeImage.createFromPath(join(options.iconDir, file));
    img.setTemplateImage(true);
    return img;
  };
  let model = INITIAL_TRAY_MODEL;
  let look = trayLook(model);
  const tray = new Tray(image(look.icon));
  tray.setIgnoreDoubleClickEvents(true);
  tray.setToolTip(look.tooltip);
  tray.setTitle(look.title);

  tray.on('click', (_event, bounds) => options.onClick(bounds));
  tray.on('right-click', () => tray.popUpContextMenu(Menu.buildFromTemplate(trayMenu(model, options.actions))));

  return {
    get model() {
      return model;
    },
    update(change) {
      model = change(model);
      const next = trayLook(model);
      if (next.icon !== look.icon) tray.setImage(image(next.icon));
      if (next.title !== look.title) tray.setTitle(next.title);
      if (next.tooltip !== look.tooltip) tray.setToolTip(next.tooltip);
      look = next;
    },
    bounds: () => tray.getBounds(),
    destroy: () => tray.destroy(),
  };
}
