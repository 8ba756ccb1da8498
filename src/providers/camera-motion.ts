/** The camera motion vector of the pro/feed protocol (cometapi `--camera`): a move on each axis and a background pan. */
export interface CameraMotion {
  x: number;
  y: number;
  z: number;
  r: number;
  bg_x_pan: number;
  bg_y_pan: number;
}
